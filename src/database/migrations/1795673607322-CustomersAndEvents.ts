import { MigrationInterface, QueryRunner } from "typeorm";

export class CustomersAndEvents1795673607322 implements MigrationInterface {
    name = 'CustomersAndEvents1795673607322'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "customers" ("id" text NOT NULL, "livemode" boolean NOT NULL, "email" character varying(254), "name" character varying(256), "metadata" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_133ec679a801fab5e070f73d3ea" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "customers_livemode_id_idx" ON "customers"  ("livemode", "id") `);
        await queryRunner.query(`CREATE TABLE "events" ("id" text NOT NULL, "livemode" boolean NOT NULL, "type" character varying(64) NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "events_created_at_idx" ON "events"  ("created_at") `);
        await queryRunner.query(`CREATE INDEX "events_livemode_type_id_idx" ON "events"  ("livemode", "type", "id") `);
        await queryRunner.query(`CREATE INDEX "events_livemode_id_idx" ON "events"  ("livemode", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."events_livemode_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."events_livemode_type_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."events_created_at_idx"`);
        await queryRunner.query(`DROP TABLE "events"`);
        await queryRunner.query(`DROP INDEX "public"."customers_livemode_id_idx"`);
        await queryRunner.query(`DROP TABLE "customers"`);
    }

}
