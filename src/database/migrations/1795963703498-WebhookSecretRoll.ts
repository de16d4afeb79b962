import { MigrationInterface, QueryRunner } from "typeorm";

export class WebhookSecretRoll1795963703498 implements MigrationInterface {
    name = 'WebhookSecretRoll1795963703498'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" ADD "previous_secret_ciphertext" text`);
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" ADD "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP COLUMN "previous_secret_expires_at"`);
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP COLUMN "previous_secret_ciphertext"`);
    }

}
