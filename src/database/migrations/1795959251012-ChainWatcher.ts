import { MigrationInterface, QueryRunner } from "typeorm";

export class ChainWatcher1795959251012 implements MigrationInterface {
    name = 'ChainWatcher1795959251012'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "chain_blocks" ("network" character varying(32) NOT NULL, "block_number" bigint NOT NULL, "block_hash" text NOT NULL, CONSTRAINT "PK_c0e3715da0ddef49e224ef35022" PRIMARY KEY ("network", "block_number"))`);
        await queryRunner.query(`CREATE TABLE "chain_progress" ("network" character varying(32) NOT NULL, "block_number" bigint NOT NULL, "block_hash" text NOT NULL, "head_number" bigint NOT NULL, "head_advanced_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_253ffadcaf23b808c5a4451917c" PRIMARY KEY ("network"))`);
        await queryRunner.query(`CREATE TABLE "eth_balances" ("network" character varying(32) NOT NULL, "address" text NOT NULL, "balance" numeric(78,0) NOT NULL, "block_number" bigint NOT NULL, CONSTRAINT "PK_e74ff629fa684cbd2a8d6f4d6c1" PRIMARY KEY ("network", "address"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "eth_balances"`);
        await queryRunner.query(`DROP TABLE "chain_progress"`);
        await queryRunner.query(`DROP TABLE "chain_blocks"`);
    }

}
