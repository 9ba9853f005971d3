import { requestTemplate } from '../../src/secure-api/integration';

/**
 * A structural check of the request mapping template: with each VTL expression replaced by a
 * value of the kind it renders, the template is one JSON object of the documented shape.
 */
function renderedShape(template: string): any {
  const rendered = template
    .replace('#set($separator = "")', '')
    .replace(/#if\("\$!\{[^}]+\}" != ""\)\$separator(.*?)#set\(\$separator = ","\)#end/g, '$1,')
    .replace(/,\}/g, '}')
    .replace(/\{#foreach\(.*?#end#end\}/g, '{"name": "value"}')
    .replace(/"\$util\.escapeJavaScript\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\.replaceAll\("\\\\'", "'"\)"/g, '"text"')
    .replace("$input.json('$')", '{"parsed": true}')
    .replace(/\$context\.[A-Za-z.]+/g, 'context-value');
  return JSON.parse(rendered);
}

describe('the request mapping template', () => {
  const caller = { ou: '$context.authorizer.ou', orgId: '$context.authorizer.orgId' };

  test('for JSON hands over the parsed body, path, query, required headers and the caller', () => {
    expect(renderedShape(requestTemplate('application/json', ['X-Request-Id'], caller))).toEqual({
      body: { parsed: true },
      contentType: 'application/json',
      method: 'context-value',
      resourcePath: 'text',
      path: { name: 'value' },
      query: { name: 'value' },
      headers: { 'X-Request-Id': 'text' },
      caller: { ou: 'text', orgId: 'text' },
      requestId: 'context-value',
      sourceIp: 'context-value',
    });
  });

  test('a caller field the authorizer did not set is left out rather than sent as an empty string', () => {
    const template = requestTemplate('application/json', [], caller);
    expect(template).toContain('#if("$!{context.authorizer.orgId}" != "")$separator"orgId": ');
  });

  test('for other content types hands over the body as an escaped string', () => {
    const shape = renderedShape(requestTemplate('text/csv', [], {}));
    expect(shape.body).toEqual('text');
    expect(shape.headers).toEqual({});
    expect(shape.caller).toEqual({});
  });

  test("every caller-controlled value is escaped, and escapeJavaScript's \\' is turned back into JSON's '", () => {
    const template = requestTemplate('application/json', ['X-Request-Id'], caller);
    const unescaped = template.match(/\$input\.params\(\)[^)]*\)[^)]*\)?/g)!.filter((use) => !template.includes(`$util.escapeJavaScript(${use}`));
    expect(unescaped.filter((use) => !use.includes('keySet'))).toEqual([]);
    expect(template).toContain(".replaceAll(\"\\\\'\", \"'\")");
  });
});
