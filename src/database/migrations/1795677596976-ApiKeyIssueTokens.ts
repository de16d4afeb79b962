import { MigrationInterface, QueryRunner } from "typeorm";

export class ApiKeyIssueTokens1795677596976 implements MigrationInterface {
    name = 'ApiKeyIssueTokens1795677596976'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "api_keys" ADD "issue_token_hash" character(64)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "api_keys_issue_token_key" ON "api_keys"  ("issue_token_hash") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."api_keys_issue_token_key"`);
        await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "issue_token_hash"`);
    }

}
