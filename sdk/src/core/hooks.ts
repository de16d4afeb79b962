/** Where the SDK writes what it does (`console` fits). It never writes the API key. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** One HTTP attempt about to be sent (a call with retries makes several). */
export interface HttpRequestInfo {
  method: string;
  url: string;
  /** 1 for the first attempt of the call, 2 for its first retry, … */
  attempt: number;
  /** The headers sent, with `Authorization` redacted. */
  headers: Record<string, string>;
}

/** The answer to one HTTP attempt. */
export interface HttpResponseInfo {
  method: string;
  url: string;
  attempt: number;
  status: number;
  requestId: string | undefined;
  headers: Headers;
  /** Milliseconds from sending to the whole body having arrived. */
  durationMs: number;
}

/** Observers of the client's traffic. A hook that throws fails the call: hooks observe, they do not steer. */
export interface Hooks {
  logger?: Logger;
  /** Called before each HTTP attempt. */
  onRequest?: (request: HttpRequestInfo) => void;
  /** Called on each HTTP answer, error statuses included (not when no answer came). */
  onResponse?: (response: HttpResponseInfo) => void;
}
