import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError, EXIT_NOT_CONFIRMED } from './cli-error';

/**
 * The operator's terminal: reports go to stdout, prompts to stderr. Secrets come from a prompt that
 * does not echo (on a terminal) or from stdin lines (a pipe), in the order the command asks for them.
 */
export class Terminal {
  private pipedLines: Promise<string[]> | undefined;

  constructor(
    private readonly input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stdout,
    private readonly prompts: NodeJS.WriteStream = process.stderr,
  ) {}

  get interactive(): boolean {
    return this.input.isTTY === true;
  }

  print(line = ''): void {
    this.output.write(`${line}\n`);
  }

  /** Asks before a command sends anything; `--yes` answers for the operator. Refuses where nobody can answer. */
  async confirm(question: string, yes: boolean): Promise<void> {
    if (yes) return;
    if (!this.interactive) {
      throw new CliError('Refusing to go on: there is no terminal to confirm on. Read the plan above and run the command again with --yes.', EXIT_NOT_CONFIRMED);
    }
    const answer = await this.ask(`${question} [y/N] `, false);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('Cancelled: nothing was sent.');
  }

  /** A secret: typed without echo on a terminal, else the next line of stdin. */
  async secret(prompt: string, what: string): Promise<string> {
    const value = this.interactive ? await this.ask(prompt, true) : await this.nextPipedLine();
    if (value === undefined || value.trim() === '') throw new CliError(`No ${what} was given on stdin.`);
    return value.trim();
  }

  private async nextPipedLine(): Promise<string | undefined> {
    this.pipedLines ??= readAll(this.input).then((text) => text.split(/\r?\n/));
    return (await this.pipedLines).shift();
  }

  private ask(question: string, muted: boolean): Promise<string> {
    let silent = false;
    // readline echoes what is typed to its output: a muted prompt gives it one that drops it.
    const echo = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (!silent) this.prompts.write(chunk);
        done();
      },
    });
    const readline = createInterface({ input: this.input, output: echo, terminal: true });
    return new Promise<string>((resolve) => {
      readline.question(question, (answer) => {
        readline.close();
        if (muted) this.prompts.write('\n');
        resolve(answer);
      });
      silent = muted;
    });
  }
}

function readAll(stream: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.once('end', () => resolve(text));
    stream.once('error', reject);
  });
}
