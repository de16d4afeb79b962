import { Webhook } from 'standardwebhooks';

/** The signing the dispatcher uses, checked against the Standard Webhooks specification's own vector. */
describe('webhook signatures', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = new Date(1614265330 * 1000);
  const body = '{"test": 2432232314}';

  it('matches the specification vector', () => {
    expect(new Webhook(secret).sign(id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('changes when any signed part changes', () => {
    const reference = new Webhook(secret).sign(id, timestamp, body);
    expect(new Webhook(secret).sign(`${id}x`, timestamp, body)).not.toBe(reference);
    expect(new Webhook(secret).sign(id, new Date(timestamp.getTime() + 1000), body)).not.toBe(reference);
    expect(new Webhook(secret).sign(id, timestamp, body.replace('4', '5'))).not.toBe(reference);
  });
});
