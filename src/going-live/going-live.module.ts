import { Module } from '@nestjs/common';
import { GoingLiveLog } from './going-live-log';

/** The going-live check in the start log (issue 14 §5); `checkout-cli doctor` runs the same check. */
@Module({ providers: [GoingLiveLog] })
export class GoingLiveModule {}
