/**
 * The JavaScript source of `answer(event, status, reason, data)`, for the library's inline
 * custom resource handlers: it PUTs the response CloudFormation expects to the pre-signed
 * `ResponseURL` (with `Data` for `Fn::GetAtt` when given), so a handler needs neither the
 * provider framework's function nor its AWS-managed policy. Requires `https` in scope.
 */
export const ANSWER_CLOUDFORMATION = `
function answer(event, status, reason, data) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: event.PhysicalResourceId || event.LogicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  return new Promise((resolve, reject) => {
    const request = https.request(event.ResponseURL, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      response.resume();
      response.on('end', resolve);
    });
    request.on('error', reject);
    request.end(body);
  });
}
`;
