import { MigrationInterface, QueryRunner } from "typeorm";

export class Sweeps1795980000000 implements MigrationInterface {
    name = 'Sweeps1795980000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "sweep_items" ("sweep_id" text NOT NULL, "deposit_address" text NOT NULL, "currency" character varying(10) NOT NULL, "session_id" text NOT NULL, "token_address" text, "amount" numeric(78,0) NOT NULL, CONSTRAINT "PK_ffd2bd8b7c6aad5f3152906cea0" PRIMARY KEY ("sweep_id", "deposit_address", "currency"))`);
        await queryRunner.query(`CREATE INDEX "sweep_items_deposit_idx" ON "sweep_items"  ("deposit_address") `);
        await queryRunner.query(`CREATE TABLE "sweep_requests" ("network" character varying(32) NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d01339b9b6fb69608b3ed181be7" PRIMARY KEY ("network"))`);
        await queryRunner.query(`CREATE TABLE "sweeps" ("id" text NOT NULL, "livemode" boolean NOT NULL, "network" character varying(32) NOT NULL, "initiator" character varying(8) NOT NULL, "status" character varying(16) NOT NULL, "tx_hash" text NOT NULL, "replaced_tx_hashes" text array NOT NULL DEFAULT '{}', "raw_transaction" text, "sender" text NOT NULL, "nonce" integer, "planned_addresses" text array NOT NULL DEFAULT '{}', "max_fee_per_gas" numeric(78,0), "max_priority_fee_per_gas" numeric(78,0), "block_number" bigint, "block_hash" text, "log_index" integer, "gas_used" bigint, "fee" numeric(78,0), "submitted_at" TIMESTAMP WITH TIME ZONE, "mined_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "sweeps_initiator_check" CHECK ("initiator" IN ('service', 'other')), CONSTRAINT "sweeps_status_check" CHECK ("status" IN ('submitted', 'mined', 'failed', 'dropped')), CONSTRAINT "PK_07c638010e068c3d9759020a31a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "sweeps_livemode_id_idx" ON "sweeps"  ("livemode", "id") `);
        await queryRunner.query(`CREATE INDEX "sweeps_in_flight_idx" ON "sweeps"  ("network") WHERE status = 'submitted'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "sweeps_network_tx_key" ON "sweeps"  ("network", "tx_hash") `);
        await queryRunner.query(`ALTER TABLE "payments" ADD "sweep_id" text`);
        await queryRunner.query(`CREATE INDEX "payments_unswept_idx" ON "payments"  ("network", "deposit_address") WHERE sweep_id IS NULL AND status <> 'reorged'`);
        await queryRunner.query(`ALTER TABLE "sweep_items" ADD CONSTRAINT "FK_b46ea920553fd9c1671f0821902" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "sweep_items" DROP CONSTRAINT "FK_b46ea920553fd9c1671f0821902"`);
        await queryRunner.query(`DROP INDEX "public"."payments_unswept_idx"`);
        await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "sweep_id"`);
        await queryRunner.query(`DROP INDEX "public"."sweeps_network_tx_key"`);
        await queryRunner.query(`DROP INDEX "public"."sweeps_in_flight_idx"`);
        await queryRunner.query(`DROP INDEX "public"."sweeps_livemode_id_idx"`);
        await queryRunner.query(`DROP TABLE "sweeps"`);
        await queryRunner.query(`DROP TABLE "sweep_requests"`);
        await queryRunner.query(`DROP INDEX "public"."sweep_items_deposit_idx"`);
        await queryRunner.query(`DROP TABLE "sweep_items"`);
    }

}
