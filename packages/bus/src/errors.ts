/** Base of every error this package throws; `code` is stable and safe to match on. */
export class BusError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The event failed its catalog schema on publish; nothing was sent. */
export class InvalidEventError extends BusError {
  readonly eventType: string;
  readonly issues: string;
  constructor(eventType: string, issues: string) {
    super('BUS_INVALID_EVENT', `event ${eventType} failed its schema: ${issues}`);
    this.eventType = eventType;
    this.issues = issues;
  }
}

/** The event type is not in the catalog. */
export class UnknownEventTypeError extends BusError {
  constructor(eventType: string) {
    super('BUS_UNKNOWN_EVENT_TYPE', `unknown event type ${JSON.stringify(eventType)}`);
  }
}

/** A namespace, subject or bucket name that NATS would reject or that would escape its namespace. */
export class InvalidNameError extends BusError {
  constructor(message: string) {
    super('BUS_INVALID_NAME', message);
  }
}

/** connectBus gave up: its signal was aborted before NATS answered. */
export class ConnectAbortedError extends BusError {
  constructor(url: string, attempts: number, cause: unknown) {
    super('BUS_CONNECT_ABORTED', `gave up connecting to NATS at ${url} after ${attempts} attempt(s)`, { cause });
  }
}

/** The bus was closed; no more publishes. */
export class BusClosedError extends BusError {
  constructor() {
    super('BUS_CLOSED', 'the bus connection is closed');
  }
}

/**
 * Thrown by a handler when the message can never succeed (bad reference, refused by a rule...):
 * the runner copies it to the dead-letter stream and terminates it instead of retrying.
 */
export class PermanentError extends BusError {
  readonly reason: string;
  constructor(code: string, reason: string, options?: ErrorOptions) {
    super(code, reason, options);
    this.reason = reason;
  }
}
