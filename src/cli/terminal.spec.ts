import { PassThrough } from 'node:stream';
import { CliError, EXIT_NOT_CONFIRMED } from './cli-error';
import { Terminal } from './terminal';

/** A terminal over in-memory streams: `tty` makes stdin claim to be a terminal, as a real one does. */
function terminalWith(tty: boolean) {
  const input = Object.assign(new PassThrough(), { isTTY: tty }) as unknown as NodeJS.ReadStream;
  const output = new PassThrough();
  const prompts = new PassThrough();
  let shown = '';
  prompts.on('data', (chunk: Buffer) => (shown += chunk.toString('utf8')));
  const terminal = new Terminal(input, output as unknown as NodeJS.WriteStream, prompts as unknown as NodeJS.WriteStream);
  return { terminal, type: (text: string) => (input as unknown as PassThrough).write(text), end: () => (input as unknown as PassThrough).end(), shown: () => shown };
}

describe('Terminal', () => {
  it('goes on when the operator answers yes, and cancels on anything else', async () => {
    const yes = terminalWith(true);
    const confirmed = yes.terminal.confirm('Send it?', false);
    yes.type('y\n');
    await expect(confirmed).resolves.toBeUndefined();
    expect(yes.shown()).toContain('Send it? [y/N] ');

    const no = terminalWith(true);
    const refused = no.terminal.confirm('Send it?', false);
    no.type('\n');
    await expect(refused).rejects.toThrow('Cancelled: nothing was sent.');
  });

  it('refuses without a terminal unless --yes answered already', async () => {
    const piped = terminalWith(false);
    await expect(piped.terminal.confirm('Send it?', true)).resolves.toBeUndefined();
    const refusal = await piped.terminal.confirm('Send it?', false).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CliError);
    expect((refusal as CliError).exitCode).toBe(EXIT_NOT_CONFIRMED);
  });

  it('reads a secret typed on a terminal without echoing it', async () => {
    const tty = terminalWith(true);
    const secret = tty.terminal.secret('Key: ', 'private key');
    tty.type('s3cret-typed\n');
    await expect(secret).resolves.toBe('s3cret-typed');
    expect(tty.shown()).toContain('Key: ');
    expect(tty.shown()).not.toContain('s3cret');
  });

  it('reads piped secrets line by line, in the order asked, and says when one is missing', async () => {
    const piped = terminalWith(false);
    piped.type('first-secret\nsecond-secret\n');
    piped.end();
    await expect(piped.terminal.secret('Key: ', 'private key')).resolves.toBe('first-secret');
    await expect(piped.terminal.secret('Password: ', 'admin password')).resolves.toBe('second-secret');
    await expect(piped.terminal.secret('More: ', 'third thing')).rejects.toThrow('No third thing was given on stdin.');
    expect(piped.shown()).toBe('');
  });
});
