import { flattenValue, possibleValues, referencedLogicalIds } from '../../../src/nag/private/cfn-values';

describe('cfn values', () => {
  test('flattenValue writes references the way cdk-nag finding ids do', () => {
    expect(flattenValue({ 'Fn::GetAtt': ['Bucket', 'Arn'] })).toBe('<Bucket.Arn>');
    expect(flattenValue({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] })).toBe('<Bucket.Arn>/*');
    expect(flattenValue({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' })).toBe('arn:<AWS::Partition>:s3:::b');
    expect(flattenValue({ 'Fn::ImportValue': 'Other:Export' })).toBe('<ImportValue:Other:Export>');
    expect(flattenValue({ 'Fn::If': ['C', 'a', 'b'] })).toBeUndefined();
    expect(flattenValue({ 'Fn::Join': ['', ['a', { 'Fn::Select': [0, ['b']] }]] })).toBeUndefined();
  });

  test('possibleValues gives both branches of every Fn::If', () => {
    expect(possibleValues({ 'Fn::If': ['C', 'a', { 'Fn::If': ['D', { Ref: 'AWS::NoValue' }, 'b'] }] })).toEqual(['a', undefined, 'b']);
    expect(possibleValues('a')).toEqual(['a']);
  });

  test('referencedLogicalIds finds Refs and Fn::Sub names, not pseudo parameters', () => {
    expect(referencedLogicalIds({ 'Fn::Join': ['', [{ Ref: 'Param' }, { Ref: 'AWS::Region' }]] })).toEqual(['Param']);
    expect(referencedLogicalIds({ 'Fn::Sub': '${Name}-${AWS::AccountId}-${Bucket.Arn}' })).toEqual(['Name']);
  });
});
