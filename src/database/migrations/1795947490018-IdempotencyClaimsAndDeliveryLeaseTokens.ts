import { MigrationInterface, QueryRunner } from "typeorm";

export class IdempotencyClaimsAndDeliveryLeaseTokens1795947490018 implements MigrationInterface {
    name = 'IdempotencyClaimsAndDeliveryLeaseTokens1795947490018'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "idempotency_records" ADD "omitted_fields" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "idempotency_records" ADD "lease_until" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD "lease_token" uuid`);
        await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "response_status" DROP NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "response_status" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP COLUMN "lease_token"`);
        await queryRunner.query(`ALTER TABLE "idempotency_records" DROP COLUMN "lease_until"`);
        await queryRunner.query(`ALTER TABLE "idempotency_records" DROP COLUMN "omitted_fields"`);
    }

}
