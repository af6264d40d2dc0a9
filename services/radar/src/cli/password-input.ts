import { readFile } from 'node:fs/promises';
import { CliUsageError, type CliArgs } from './cli-args.ts';

/** What the password readers need from stdin (process.stdin, or a stream in tests). */
export interface SecretInput extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACES = new Set(['\u007f', '\b']);

/**
 * The password for `create-user`, from `--password` (prompted twice without echo; needs a
 * terminal), `--password-stdin` (first line of stdin) or `--password-file <path>` (first line).
 * A value on the command line is refused: argv is visible to every user of the machine (ps,
 * /proc) and lands in shell history. Returns undefined when no password option is given.
 */
export async function readPasswordOption(args: CliArgs, stdin: SecretInput, prompt: { write(text: string): void }): Promise<string | undefined> {
  const flag = args.options.get('password');
  const file = args.options.get('password-file');
  const fromStdin = args.options.get('password-stdin');
  const chosen = [flag, file, fromStdin].filter((v) => v !== undefined).length;
  if (chosen === 0) return undefined;
  if (chosen > 1) throw new CliUsageError('use one of --password, --password-stdin and --password-file');
  if (typeof flag === 'string') throw new CliUsageError('--password takes no value (a password in argv is visible in ps and shell history): run it in a terminal to be prompted, or use --password-stdin / --password-file');
  if (fromStdin !== undefined) return firstLine(await readAll(stdin));
  if (file !== undefined) {
    if (typeof file !== 'string') throw new CliUsageError('--password-file <path> needs a path');
    return firstLine(await readFile(file, 'utf8'));
  }
  if (!stdin.isTTY || !stdin.setRawMode) throw new CliUsageError('--password prompts on a terminal; without one use --password-stdin or --password-file');
  const [first, second] = await promptHidden(['Password: ', 'Repeat password: '], stdin, prompt);
  if (first !== second) throw new CliUsageError('the two passwords differ');
  return firstLine(first ?? '');
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (line === '') throw new CliUsageError('the password is empty');
  return line;
}

async function readAll(stdin: SecretInput): Promise<string> {
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return text;
}

/**
 * Reads one line per label in raw mode, echoing nothing (not even stars: the length stays
 * private). One pass over the stream: leaving a `for await` early destroys it.
 */
async function promptHidden(labels: readonly string[], stdin: SecretInput, prompt: { write(text: string): void }): Promise<string[]> {
  const lines: string[] = [];
  let value = '';
  let previous = '';
  prompt.write(labels[0] ?? '');
  stdin.setRawMode?.(true);
  try {
    for await (const chunk of stdin) {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        const afterCr = previous === '\r';
        previous = ch;
        if (ch === CTRL_C) throw new CliUsageError('cancelled');
        if (ch === '\n' && afterCr) continue; // a pasted CRLF is one line end
        if (ch === '\r' || ch === '\n' || ch === CTRL_D) {
          lines.push(value);
          value = '';
          prompt.write('\n');
          if (lines.length === labels.length) return lines;
          prompt.write(labels[lines.length] ?? '');
        } else if (BACKSPACES.has(ch)) value = value.slice(0, -1);
        else value += ch;
      }
    }
    throw new CliUsageError('stdin closed before the password was entered');
  } finally {
    stdin.setRawMode?.(false);
  }
}
