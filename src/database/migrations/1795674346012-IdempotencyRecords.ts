import { MigrationInterface, QueryRunner } from "typeorm";

export class IdempotencyRecords1795674346012 implements MigrationInterface {
    name = 'IdempotencyRecords1795674346012'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "idempotency_records" ("id" uuid NOT NULL, "api_key_id" text NOT NULL, "key" character varying(255) NOT NULL, "fingerprint" character(64) NOT NULL, "response_status" smallint NOT NULL, "response_body" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ae4e93699362b0d4e3da3dd1c2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idempotency_records_created_at_idx" ON "idempotency_records"  ("created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "idempotency_records_key_unique" ON "idempotency_records"  ("api_key_id", "key") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idempotency_records_key_unique"`);
        await queryRunner.query(`DROP INDEX "public"."idempotency_records_created_at_idx"`);
        await queryRunner.query(`DROP TABLE "idempotency_records"`);
    }

}
