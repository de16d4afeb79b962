import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { newId } from '../common/ids/type-id';
import { AdminUser } from './admin-user.entity';
import { hashPassword, verifyPassword } from './passwords';

/**
 * Admin accounts: the first one from ADMIN_EMAIL/ADMIN_PASSWORD, and
 * password checks that take as long for an unknown email as for a known one.
 */
@Injectable()
export class AdminAccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminAccountsService.name);
  private decoyHash?: Promise<string>;

  constructor(
    @InjectRepository(AdminUser) private readonly admins: Repository<AdminUser>,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.admins.count()) > 0) return;
    const initial = this.config.initialAdmin;
    const dashboard = `${this.config.publicBaseUrl}/dashboard`;
    if (!initial) {
      this.logger.warn(`No admin account exists. Set ADMIN_EMAIL and ADMIN_PASSWORD (12+ characters) and restart, then sign in at ${dashboard}.`);
      return;
    }
    if (await this.create(initial.email, initial.password)) {
      this.logger.log(`Created the first admin account, ${initial.email}. Sign in at ${dashboard} with ADMIN_PASSWORD.`);
    }
  }

  /** Creates an account unless the email is taken; true when it did. */
  async create(email: string, password: string): Promise<boolean> {
    const result = await this.admins
      .createQueryBuilder()
      .insert()
      .values({ id: newId('admin'), email: email.toLowerCase(), passwordHash: await hashPassword(password) })
      .orIgnore()
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** The admin with these credentials, or undefined — in the same time either way. */
  async authenticate(email: string, password: string): Promise<AdminUser | undefined> {
    const admin = await this.admins.findOneBy({ email: email.toLowerCase() });
    if (!admin) {
      this.decoyHash ??= hashPassword('a password nobody has');
      await verifyPassword(await this.decoyHash, password);
      return undefined;
    }
    return (await verifyPassword(admin.passwordHash, password)) ? admin : undefined;
  }
}
