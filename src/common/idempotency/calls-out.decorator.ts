import { SetMetadata } from '@nestjs/common';

export const CALLS_OUT_METADATA = 'checkout:callsOut';

/**
 * Declares that a route does network I/O other than PostgreSQL (an HTTP call,
 * a DNS lookup). It must do that I/O outside any transaction and return a
 * `CommitStep` with its writes: the interceptor then opens no transaction
 * around the handler, and runs the step in one short transaction afterwards.
 */
export const CallsOut = (): MethodDecorator => SetMetadata(CALLS_OUT_METADATA, true);
