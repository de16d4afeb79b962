import { MigrationInterface, QueryRunner } from "typeorm";

export class SessionPayments1795958226435 implements MigrationInterface {
    name = 'SessionPayments1795958226435'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "payments" ("id" text NOT NULL, "session_id" text NOT NULL, "livemode" boolean NOT NULL, "network" character varying(32) NOT NULL, "currency" character varying(10) NOT NULL, "token_address" text, "deposit_address" text NOT NULL, "tx_hash" text, "log_index" integer, "from_address" text, "amount" numeric(78,0) NOT NULL, "block_number" bigint NOT NULL, "block_hash" text NOT NULL, "confirmations" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL, "matched" boolean NOT NULL, "late" boolean NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "payments_status_check" CHECK ("status" IN ('pending', 'confirmed', 'reorged')), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "payments_session_idx" ON "payments"  ("session_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "payments_native_block_key" ON "payments"  ("network", "deposit_address", "block_number") WHERE tx_hash IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "payments_native_tx_key" ON "payments"  ("network", "tx_hash", "deposit_address") WHERE log_index IS NULL AND tx_hash IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "payments_log_key" ON "payments"  ("network", "tx_hash", "log_index") WHERE log_index IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" ADD "networks" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" ADD "payout_address" text`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" ADD "deposit_address" text`);
        // Sessions from before payments on chain: their currency's usual decimals (USDC and USDT 6, ETH 18).
        await queryRunner.query(`ALTER TABLE "checkout_sessions" ADD "asset_decimals" smallint NOT NULL DEFAULT 6`);
        await queryRunner.query(`UPDATE "checkout_sessions" SET "asset_decimals" = 18 WHERE "currency" = 'ETH'`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" ALTER COLUMN "asset_decimals" DROP DEFAULT`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" ADD "amount_received" numeric(78,0) NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" ADD "amount_pending" numeric(78,0) NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" ADD "payment_status" character varying(16) NOT NULL DEFAULT 'unpaid'`);
        await queryRunner.query(`CREATE INDEX "checkout_sessions_deposit_address_idx" ON "checkout_sessions"  ("deposit_address") `);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" ADD CONSTRAINT "checkout_sessions_payment_status_check" CHECK ("payment_status" IN ('unpaid', 'pending', 'paid', 'underpaid', 'overpaid'))`);
        await queryRunner.query(`ALTER TABLE "payments" ADD CONSTRAINT "FK_b61ceb7c34c6de400d731bbdb41" FOREIGN KEY ("session_id") REFERENCES "checkout_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "FK_b61ceb7c34c6de400d731bbdb41"`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" DROP CONSTRAINT "checkout_sessions_payment_status_check"`);
        await queryRunner.query(`DROP INDEX "public"."checkout_sessions_deposit_address_idx"`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" DROP COLUMN "payment_status"`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" DROP COLUMN "amount_pending"`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" DROP COLUMN "amount_received"`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" DROP COLUMN "asset_decimals"`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" DROP COLUMN "deposit_address"`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" DROP COLUMN "payout_address"`);
        await queryRunner.query(`ALTER TABLE "checkout_sessions" DROP COLUMN "networks"`);
        await queryRunner.query(`DROP INDEX "public"."payments_log_key"`);
        await queryRunner.query(`DROP INDEX "public"."payments_native_tx_key"`);
        await queryRunner.query(`DROP INDEX "public"."payments_native_block_key"`);
        await queryRunner.query(`DROP INDEX "public"."payments_session_idx"`);
        await queryRunner.query(`DROP TABLE "payments"`);
    }

}
