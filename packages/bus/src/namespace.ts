import { InvalidNameError } from './errors.ts';

/**
 * Maps logical wire names (as declared in proto-schemas) to physical ones. The empty namespace is
 * production: names pass through unchanged. A namespace isolates tests and developers sharing one
 * NATS server: subjects get a `<ns>.` prefix, streams a `_<ns>` suffix, KV buckets a `-<ns>` suffix.
 * Durable consumer names are per stream, so they need no mapping.
 */
export interface Namespace {
  readonly name: string;
  subject(logical: string): string;
  /** Inverse of `subject`; returns the subject unchanged when it is outside the namespace. */
  logicalSubject(physical: string): string;
  stream(logical: string): string;
  bucket(logical: string): string;
}

// Letters, digits, '_' and '-' are legal in subject tokens, stream names and KV bucket names alike.
const NAMESPACE = /^[A-Za-z0-9_-]{0,32}$/;

/** Builds the name mapping for `name` ("" = production). Throws InvalidNameError on unusable input. */
export function createNamespace(name = ''): Namespace {
  if (!NAMESPACE.test(name)) {
    throw new InvalidNameError(`namespace ${JSON.stringify(name)} must match ${NAMESPACE.source}`);
  }
  const prefix = name === '' ? '' : `${name}.`;
  return {
    name,
    subject(logical) {
      assertSubject(logical);
      return prefix + logical;
    },
    logicalSubject(physical) {
      return prefix !== '' && physical.startsWith(prefix) ? physical.slice(prefix.length) : physical;
    },
    stream(logical) {
      return name === '' ? logical : `${logical}_${name}`;
    },
    bucket(logical) {
      return name === '' ? logical : `${logical}-${name}`;
    },
  };
}

function assertSubject(subject: string): void {
  const tokens = subject.split('.');
  const ok =
    subject.length <= 500 &&
    tokens.every((t, i) => {
      if (t === '' || /\s/.test(t)) return false;
      if (t === '>') return i === tokens.length - 1;
      return t === '*' || !/[*>]/.test(t);
    });
  if (!ok) throw new InvalidNameError(`subject ${JSON.stringify(subject)} is not a valid NATS subject`);
}
