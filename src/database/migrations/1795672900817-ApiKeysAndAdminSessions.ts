import { MigrationInterface, QueryRunner } from "typeorm";

export class ApiKeysAndAdminSessions1795672900817 implements MigrationInterface {
    name = 'ApiKeysAndAdminSessions1795672900817'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "admin_users" ("id" text NOT NULL, "email" character varying(254) NOT NULL, "password_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_06744d221bb6145dc61e5dc441d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "admin_users_email_key" ON "admin_users"  ("email") `);
        await queryRunner.query(`CREATE TABLE "admin_sessions" ("id" text NOT NULL, "admin_id" text NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_38bb553c2372215d48de2306c5e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "admin_sessions_admin_id_idx" ON "admin_sessions"  ("admin_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "admin_sessions_token_hash_key" ON "admin_sessions"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "admin_sign_in_failures" ("bucket" text NOT NULL, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "failures" integer NOT NULL, CONSTRAINT "PK_2e43dada961df3e3298246438ea" PRIMARY KEY ("bucket"))`);
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" text NOT NULL, "name" character varying(100) NOT NULL, "mode" character varying(4) NOT NULL, "scopes" text array NOT NULL, "secret_hash" character(64) NOT NULL, "last4" character(4) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "api_keys_mode_check" CHECK ("mode" IN ('test', 'live')), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys"  ("secret_hash") `);
        await queryRunner.query(`ALTER TABLE "admin_sessions" ADD CONSTRAINT "FK_52683d67b3d122a8867d745beb6" FOREIGN KEY ("admin_id") REFERENCES "admin_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "admin_sessions" DROP CONSTRAINT "FK_52683d67b3d122a8867d745beb6"`);
        await queryRunner.query(`DROP INDEX "public"."api_keys_secret_hash_key"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
        await queryRunner.query(`DROP TABLE "admin_sign_in_failures"`);
        await queryRunner.query(`DROP INDEX "public"."admin_sessions_token_hash_key"`);
        await queryRunner.query(`DROP INDEX "public"."admin_sessions_admin_id_idx"`);
        await queryRunner.query(`DROP TABLE "admin_sessions"`);
        await queryRunner.query(`DROP INDEX "public"."admin_users_email_key"`);
        await queryRunner.query(`DROP TABLE "admin_users"`);
    }

}
