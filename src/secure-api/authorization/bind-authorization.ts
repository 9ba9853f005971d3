import { Construct } from 'constructs';
import { BoundAuthorization } from './bound-authorization';
import { CertificateOuMode } from './certificate-ou-mode';
import { CognitoMode } from './cognito-mode';
import { IamMode } from './iam-mode';
import { LambdaMode } from './lambda-mode';
import { InvalidPropError } from '../../private/errors';
import { hasMutualTls } from '../domain';
import { SecureApiProps } from '../secure-api-props';

/** Applies the API's `ApiAuthorization` to it. */
export function bindAuthorization(scope: Construct, props: SecureApiProps): BoundAuthorization {
  const authorization = props.authorization;
  if (authorization._certificateOu) {
    if (!hasMutualTls(props.domain)) {
      throw new InvalidPropError('SecureApi.CertificateOuWithoutMutualTls', scope, 'authorization',
        'certificate-OU authorization needs a custom domain with mutual TLS, which provides the client certificate',
        'pass domain with domainName, certificate and truststorePem (or an imported truststoreBucket and truststoreKey)');
    }
    return new CertificateOuMode(scope, 'CertificateOu', props.keys, authorization._certificateOu);
  }
  if (authorization._cognito) {
    return new CognitoMode(scope, 'Cognito', authorization._cognito);
  }
  if (authorization._lambda) {
    return new LambdaMode(scope, authorization._lambda);
  }
  return new IamMode();
}
