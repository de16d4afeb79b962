import { qrSvg } from './qr-svg';

// Decoding the rendered code back to its text is the e2e suite's part (test/support/qr-decode.ts, on the served page).
describe('qrSvg', () => {
  it('renders inline SVG of modules only, labelled for screen readers', async () => {
    const svg = (await qrSvg('ethereum:0x5FbDB2315678afecb367f032d93F642f64180aa3@31337?value=1', 'QR code: pay 1 ETH')).value;
    expect(svg).toMatch(/^<svg class="qr" role="img" aria-label="QR code: pay 1 ETH" xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect(svg).not.toMatch(/<script|<style|style=|href=|ethereum:/i);
  });

  it('escapes its label', async () => {
    expect((await qrSvg('x', '"><script>')).value).toContain('aria-label="&quot;&gt;&lt;script&gt;"');
  });
});
