import { MigrationInterface, QueryRunner } from "typeorm";

export class SessionListFilterIndexes1795970000000 implements MigrationInterface {
    name = 'SessionListFilterIndexes1795970000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "checkout_sessions_livemode_customer_id_idx" ON "checkout_sessions" ("livemode", "customer_id", "id") `);
        await queryRunner.query(`CREATE INDEX "checkout_sessions_livemode_payment_link_id_idx" ON "checkout_sessions" ("livemode", "payment_link_id", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."checkout_sessions_livemode_payment_link_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."checkout_sessions_livemode_customer_id_idx"`);
    }

}
