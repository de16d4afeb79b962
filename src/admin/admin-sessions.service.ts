import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { newId } from '../common/ids/type-id';
import { AdminSession } from './admin-session.entity';

const MINUTE_MS = 60_000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Server-side sessions: idle and absolute expiry, revocable by deleting the row. */
@Injectable()
export class AdminSessionsService {
  constructor(
    @InjectRepository(AdminSession) private readonly sessions: Repository<AdminSession>,
    private readonly config: AppConfig,
  ) {}

  /** Starts a session; the returned token goes into the cookie and nowhere else. */
  async start(adminId: string): Promise<{ token: string; session: AdminSession }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = await this.sessions.save(
      this.sessions.create({
        id: newId('sess'),
        adminId,
        tokenHash: hashToken(token),
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.config.adminSession.maxHours * 60 * MINUTE_MS),
      }),
    );
    return { token, session };
  }

  /** The live session for this token, touched; undefined when unknown, idle too long or past its end. */
  async resume(token: string): Promise<AdminSession | undefined> {
    const session = await this.sessions.findOne({ where: { tokenHash: hashToken(token) }, relations: { admin: true } });
    if (!session) return undefined;
    const now = Date.now();
    const idleLimit = this.config.adminSession.idleMinutes * MINUTE_MS;
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + idleLimit <= now) {
      await this.sessions.delete({ id: session.id });
      return undefined;
    }
    if (now - session.lastSeenAt.getTime() >= MINUTE_MS) {
      session.lastSeenAt = new Date(now);
      await this.sessions.update({ id: session.id }, { lastSeenAt: session.lastSeenAt });
    }
    return session;
  }

  async end(token: string): Promise<void> {
    await this.sessions.delete({ tokenHash: hashToken(token) });
  }
}
