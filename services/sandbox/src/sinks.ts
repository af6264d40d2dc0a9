/** A Slack incoming-webhook request as the sandbox received it, with the answer it gave. */
export interface SlackMessage {
  at: string;
  path: string;
  status: number;
  response: string;
  contentType: string | null;
  body: unknown;
  text: string | null;
}

export interface ReceivedEmail {
  at: string;
  from: string | null;
  to: string[];
  subject: string | null;
  /** Raw RFC 5322 message as received over SMTP. */
  raw: string;
}

export interface WebhookHit {
  at: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

/** Everything the product delivered to the sandbox (alerts, mails, customer webhooks). */
export class Sinks {
  readonly slack: SlackMessage[] = [];
  readonly emails: ReceivedEmail[] = [];
  readonly webhooks: WebhookHit[] = [];

  reset(): void {
    this.slack.length = 0;
    this.emails.length = 0;
    this.webhooks.length = 0;
  }
}
