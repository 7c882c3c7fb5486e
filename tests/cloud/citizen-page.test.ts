import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidTrackingCode } from '../../shared/domain/tracking-code.ts';
import { cloudUrl, uniqueMobile } from '../support/api-client.ts';
import { launchBrowser } from '../support/browser.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('the citizen page', () => {
  it('submits a request, shows its tracking code, and follows it', async () => {
    const page = await browser.newPage({ locale: 'fa-IR' });
    await page.goto(`${cloudUrl()}/`);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const mobile = uniqueMobile();
    await page.fill('input[name=firstName]', 'فاطمه');
    await page.fill('input[name=lastName]', 'حیدری');
    await page.fill(
      'input[name=mobile]',
      mobile.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] as string),
    );
    await page.selectOption('select[name=county]', 'آبدانان');
    await page.fill('textarea[name=text]', 'برق روستای ما سه روز است قطع است و تیر برق شکسته است.');
    await page.click('#submit-form button');
    const code = page.locator('[data-tracking-code]');
    await code.waitFor({ timeout: 15_000 });
    const trackingCode = String(await code.getAttribute('data-tracking-code'));
    expect(isValidTrackingCode(trackingCode)).toBe(true);
    expect(await code.textContent()).toMatch(/^[۰-۹]{4}-[۰-۹]{3}-[۰-۹]{4}$/);
    await page.screenshot({ path: '.test-output/citizen-page-submitted.png', fullPage: true });

    await page.fill('input[name=trackingCode]', trackingCode);
    await page.fill('#track-form input[name=mobile]', mobile.slice(-4));
    await page.click('#track-form button');
    await page.locator('#track-result ol li').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#track-result').textContent()).toContain('ثبت شد');
    await page.close();
  });

  it('shows the Persian error for an invalid mobile and keeps the form', async () => {
    const page = await browser.newPage();
    await page.goto(`${cloudUrl()}/`);
    await page.fill('input[name=firstName]', 'رضا');
    await page.fill('input[name=lastName]', 'احمدی');
    await page.fill('input[name=mobile]', '12345');
    await page.selectOption('select[name=county]', 'ایلام');
    await page.fill('textarea[name=text]', 'درخواست آزمایشی');
    await page.click('#submit-form button');
    await page.locator('#submit-result.error').waitFor({ timeout: 10_000 });
    expect(await page.locator('#submit-result').textContent()).toContain('شماره همراه درست نیست');
    expect(await page.inputValue('textarea[name=text]')).toBe('درخواست آزمایشی');
    await page.close();
  });
});
