import { MigrationInterface, QueryRunner } from "typeorm";

export class WebhookEndpoints1795673815722 implements MigrationInterface {
    name = 'WebhookEndpoints1795673815722'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "webhook_endpoints" ("id" text NOT NULL, "livemode" boolean NOT NULL, "url" character varying(2048) NOT NULL, "enabled_events" text array NOT NULL, "description" character varying(500), "status" character varying(16) NOT NULL DEFAULT 'enabled', "secret_ciphertext" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "webhook_endpoints_livemode_id_idx" ON "webhook_endpoints"  ("livemode", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."webhook_endpoints_livemode_id_idx"`);
        await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
    }

}
