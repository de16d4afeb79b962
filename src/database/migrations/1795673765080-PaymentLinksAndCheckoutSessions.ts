import { MigrationInterface, QueryRunner } from "typeorm";

export class PaymentLinksAndCheckoutSessions1795673765080 implements MigrationInterface {
    name = 'PaymentLinksAndCheckoutSessions1795673765080'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "payment_links" ("id" text NOT NULL, "livemode" boolean NOT NULL, "name" character varying(256) NOT NULL, "amount" numeric NOT NULL, "currency" character varying(10) NOT NULL, "active" boolean NOT NULL DEFAULT true, "metadata" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5b176ff8200166713c53d6c3ada" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "payment_links_livemode_id_idx" ON "payment_links"  ("livemode", "id") `);
        await queryRunner.query(`CREATE TABLE "checkout_sessions" ("id" text NOT NULL, "livemode" boolean NOT NULL, "status" character varying(16) NOT NULL, "amount" numeric NOT NULL, "currency" character varying(10) NOT NULL, "payment_link_id" text, "customer_id" text, "success_url" character varying(2048), "cancel_url" character varying(2048), "metadata" jsonb NOT NULL DEFAULT '{}', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "checkout_sessions_status_check" CHECK ("status" IN ('open', 'complete', 'expired')), CONSTRAINT "PK_5730b2bbc190203a94941d82bd1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "checkout_sessions_open_expiry_idx" ON "checkout_sessions"  ("expires_at") WHERE status = 'open'`);
        await queryRunner.query(`CREATE INDEX "checkout_sessions_livemode_id_idx" ON "checkout_sessions"  ("livemode", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."checkout_sessions_livemode_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."checkout_sessions_open_expiry_idx"`);
        await queryRunner.query(`DROP TABLE "checkout_sessions"`);
        await queryRunner.query(`DROP INDEX "public"."payment_links_livemode_id_idx"`);
        await queryRunner.query(`DROP TABLE "payment_links"`);
    }

}
