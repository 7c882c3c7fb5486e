// The minimal citizen page: submit a request, show its tracking code, follow it.
// Plain browser JavaScript on purpose: the full web app has its own build (a later issue).
const persianDigits = (text) => String(text).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
const groupCode = (code) => `${code.slice(0, 4)}-${code.slice(4, 7)}-${code.slice(7)}`;

function errorText(body) {
  const error = body?.error;
  if (!error) return 'خطایی رخ داد؛ دوباره تلاش کنید.';
  const problems = (error.problems ?? []).map((p) => `• ${p.message.fa}`).join('\n');
  return problems ? `${error.message.fa}\n${problems}` : error.message.fa;
}

function show(element, kind, content) {
  element.className = kind;
  element.replaceChildren(...(Array.isArray(content) ? content : [content]));
}

const submitForm = document.querySelector('#submit-form');
const submitResult = document.querySelector('#submit-result');
submitForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(submitForm);
  const optional = (name) => String(data.get(name) ?? '').trim() || undefined;
  const body = {
    citizen: {
      firstName: String(data.get('firstName') ?? ''),
      lastName: String(data.get('lastName') ?? ''),
      mobile: String(data.get('mobile') ?? ''),
      ...(optional('nationalId') ? { nationalId: optional('nationalId') } : {}),
    },
    county: String(data.get('county') ?? ''),
    text: String(data.get('text') ?? ''),
    ...(optional('subject') ? { subject: optional('subject') } : {}),
    ...(optional('address') ? { address: optional('address') } : {}),
    consentToPublish: data.get('consentToPublish') === 'on',
  };
  const button = submitForm.querySelector('button');
  button.disabled = true;
  try {
    const response = await fetch('/api/v1/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });
    const result = await response.json();
    if (!response.ok) return show(submitResult, 'error', errorText(result));
    const code = document.createElement('strong');
    code.className = 'code';
    code.dataset.trackingCode = result.trackingCode;
    code.textContent = persianDigits(groupCode(result.trackingCode));
    show(submitResult, 'ok', [document.createTextNode('درخواست شما ثبت شد. کد رهگیری: '), code]);
    submitForm.reset();
  } catch {
    show(submitResult, 'error', 'ارتباط با سامانه برقرار نشد؛ دوباره تلاش کنید.');
  } finally {
    button.disabled = false;
  }
});

const trackForm = document.querySelector('#track-form');
const trackResult = document.querySelector('#track-result');
trackForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(trackForm);
  const code = encodeURIComponent(String(data.get('trackingCode') ?? '').trim());
  const mobile = encodeURIComponent(String(data.get('mobile') ?? '').trim());
  try {
    const response = await fetch(`/api/v1/requests/${code}?mobile=${mobile}`);
    const result = await response.json();
    if (!response.ok) return show(trackResult, 'error', errorText(result));
    const status = document.createElement('p');
    status.textContent = `وضعیت: ${result.statusFa}${result.agencyFa ? ` — ${result.agencyFa}` : ''}`;
    const list = document.createElement('ol');
    list.className = 'timeline';
    for (const entry of result.timeline) {
      const item = document.createElement('li');
      const when = new Date(entry.at).toLocaleString('fa-IR-u-ca-persian', { timeZone: 'Asia/Tehran' });
      item.textContent = `${when}: ${entry.statusFa}${entry.note ? ` — ${entry.note}` : ''}`;
      list.append(item);
    }
    show(trackResult, 'ok', [status, list]);
  } catch {
    show(trackResult, 'error', 'ارتباط با سامانه برقرار نشد؛ دوباره تلاش کنید.');
  }
});

// A link from an SMS fills in the tracking code; the first SMS to a number read off a paper
// letter also carries `confirm`, which tells Pasokh the number reaches the letter's writer.
const linked = new URLSearchParams(window.location.search);
const linkedCode = linked.get('code');
if (linkedCode) {
  trackForm.elements.namedItem('trackingCode').value = linkedCode;
  const token = linked.get('confirm');
  if (token) {
    fetch(`/api/v1/requests/${encodeURIComponent(linkedCode)}/mobile-confirmation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    })
      .then((response) => {
        if (response.ok)
          show(
            trackResult,
            'ok',
            'شماره همراه شما تأیید شد؛ از این پس پیامک‌های این درخواست را دریافت می‌کنید.',
          );
      })
      .catch(() => undefined);
  }
}
