import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import ts from 'typescript';

const sdk = join(__dirname, '..');
const generated = join(sdk, 'src/generated/openapi.ts');

/** Type-checks `files` with the SDK's own compiler options; `replace` swaps a file's text first. */
function typeErrors(files: string[], replace: Record<string, (text: string) => string> = {}): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(sdk, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => {
    const text = readFile(name);
    const edit = replace[name];
    return text !== undefined && edit ? edit(text) : text;
  };
  const program = ts.createProgram({ rootNames: files, options: { ...config.options, noEmit: true }, host });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('typed events', () => {
  it('narrow data.object by switch (event.type), for retrieve, list and unwrap alike (a fixture compiled with tsc)', () => {
    expect(typeErrors([join(sdk, 'src/testing/fixtures/event-narrowing.ts')])).toEqual([]);
  });

  it('fail the build, naming it, when the spec gains an event type the SDK has not mapped', () => {
    const addType = (text: string) => {
      const edited = text.replace(/type: "customer\.created" \| "customer\.updated" \|/, 'type: "customer.created" | "payout.paid" | "customer.updated" |');
      expect(edited).not.toBe(text);
      return edited;
    };
    const errors = typeErrors([join(sdk, 'src/typed-events.ts')], { [generated]: addType });
    expect(errors.join('\n')).toMatch(/"payout\.paid".*does not satisfy the constraint 'never'/);
  });

  it('fail the build, naming it, when an event type is mapped to an object of another kind', () => {
    const misMap = (text: string) => {
      const edited = text.replace(`'customer.updated': Customer;`, `'customer.updated': PaymentLink;`);
      expect(edited).not.toBe(text);
      return edited;
    };
    const errors = typeErrors([join(sdk, 'src/typed-events.ts')], { [join(sdk, 'src/typed-events.ts')]: misMap });
    expect(errors.join('\n')).toMatch(/"customer\.updated".*does not satisfy the constraint 'never'/);
  });

  it('map exactly the event types of openapi.yaml', () => {
    type Spec = { components: { schemas: { EventResponse: { properties: { type: { enum: string[] } } } } } };
    const spec = load(readFileSync(join(sdk, '../openapi.yaml'), 'utf8')) as Spec;
    const specTypes = spec.components.schemas.EventResponse.properties.type.enum;
    const mapped = [...readFileSync(join(sdk, 'src/typed-events.ts'), 'utf8').matchAll(/^ {2}'([a-z_.]+)': \w+;$/gm)].map((m) => m[1]);
    expect(mapped.sort()).toEqual([...specTypes].sort());
    expect(specTypes).toContain('checkout_session.payment_confirmed');
  });
});
