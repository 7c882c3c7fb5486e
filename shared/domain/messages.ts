/**
 * What users read when something they sent is refused: Persian first, English beside it.
 * Keys are stable so clients may switch on them; `{name}` placeholders are filled from params.
 */
export interface BilingualText {
  fa: string;
  en: string;
}

export const MESSAGES = {
  required: { fa: 'این مورد الزامی است.', en: 'This field is required.' },
  invalid_type: {
    fa: 'نوع مقدار درست نیست (باید {expected} باشد).',
    en: 'Wrong type of value (expected {expected}).',
  },
  too_short: { fa: 'کوتاه‌تر از حد مجاز است (دست‌کم {minimum}).', en: 'Too short (at least {minimum}).' },
  too_long: { fa: 'بلندتر از حد مجاز است (حداکثر {maximum}).', en: 'Too long (at most {maximum}).' },
  too_small: { fa: 'کمتر از حد مجاز است (دست‌کم {minimum}).', en: 'Too small (at least {minimum}).' },
  too_big: { fa: 'بیشتر از حد مجاز است (حداکثر {maximum}).', en: 'Too large (at most {maximum}).' },
  invalid_value: {
    fa: 'مقدار مجاز نیست؛ یکی از این‌ها باشد: {values}.',
    en: 'Not an allowed value; use one of: {values}.',
  },
  invalid_format: { fa: 'قالب مقدار درست نیست ({format}).', en: 'Wrong format ({format}).' },
  unrecognized_keys: { fa: 'فیلدهای ناشناخته: {keys}.', en: 'Unknown fields: {keys}.' },
  invalid_input: { fa: 'مقدار درست نیست.', en: 'Invalid value.' },
  blank_text: { fa: 'متن خالی است.', en: 'The text is empty.' },
  referral_closed: {
    fa: 'این ارجاع بسته شده است و پاسخ تازه نمی‌پذیرد.',
    en: 'This referral is closed and takes no further answers.',
  },
  key_mismatch: {
    fa: 'شناسه در نشانی با شناسه در متن درخواست یکی نیست.',
    en: 'The id in the path and the id in the body differ.',
  },
  since_alone: {
    fa: 'پارامتر since را بدون status و cursor بفرستید.',
    en: 'Send since without status or cursor.',
  },
  expected_by_in_progress_only: {
    fa: 'تاریخ پیش‌بینی‌شده (expectedBy) فقط با وضعیت IN_PROGRESS پذیرفته می‌شود.',
    en: 'An expected date (expectedBy) goes with IN_PROGRESS only.',
  },
  expected_by_out_of_range: {
    fa: 'تاریخ پیش‌بینی‌شده باید پس از اکنون و حداکثر {days} روز بعد باشد.',
    en: 'The expected date must be after now and at most {days} days ahead.',
  },
  webhook_not_https: {
    fa: 'نشانی وب‌هوک باید با https:// آغاز شود.',
    en: 'A webhook URL must start with https://.',
  },
  webhook_private_address: {
    fa: 'نشانی وب‌هوک به شبکه خصوصی یا داخلی اشاره می‌کند و پذیرفته نیست.',
    en: 'The webhook URL points to a private or internal address and is not accepted.',
  },
  invalid_mobile: {
    fa: 'شماره همراه درست نیست؛ نمونه درست: ۰۹۱۲۳۴۵۶۷۸۹.',
    en: 'Invalid mobile number; expected an Iranian mobile such as 09123456789.',
  },
  invalid_national_id: {
    fa: 'کد ملی درست نیست (۱۰ رقم با رقم کنترل معتبر).',
    en: 'Invalid national ID (10 digits with a valid check digit).',
  },
  invalid_postal_code: { fa: 'کد پستی درست نیست (۱۰ رقم).', en: 'Invalid postal code (10 digits).' },
  invalid_tracking_code: {
    fa: 'کد رهگیری درست نیست (۱۱ رقم).',
    en: 'Invalid tracking code (11 digits).',
  },
  invalid_name: {
    fa: 'نام باید با حروف نوشته شود.',
    en: 'A name must be written in letters.',
  },
  unknown_county: {
    fa: 'شهرستان شناخته نشد؛ یکی از شهرستان‌های استان ایلام را بنویسید.',
    en: 'Unknown county; use one of the counties of Ilam province.',
  },
  invalid_lat_lon: { fa: 'مختصات جغرافیایی درست نیست.', en: 'Invalid geographic coordinates.' },
  outside_province: {
    fa: 'این نقطه بیرون از استان ایلام است.',
    en: 'This location is outside Ilam province.',
  },
  attachment_key_not_allowed: {
    fa: 'این پیوست از بارگذاری‌های شما نیست.',
    en: 'This attachment is not one of your uploads.',
  },
  unsupported_media_type: {
    fa: 'نوع محتوا باید application/json باشد.',
    en: 'The request body must be application/json.',
  },
  payload_too_large: {
    fa: 'حجم درخواست بیش از حد مجاز ({limit} بایت) است.',
    en: 'The request body is too large (limit {limit} bytes).',
  },
  uri_too_long: {
    fa: 'نشانی درخواست بیش از حد بلند است.',
    en: 'The request URL is too long.',
  },
  headers_too_large: {
    fa: 'سرآیندهای درخواست بیش از حد بزرگ است.',
    en: 'The request headers are too large.',
  },
  malformed_json: { fa: 'متن درخواست JSON معتبر نیست.', en: 'The request body is not valid JSON.' },
  body_not_expected: {
    fa: 'این درخواست متنی نمی‌پذیرد؛ آن را خالی بفرستید.',
    en: 'This request takes no body; send it empty.',
  },
  body_required: { fa: 'متن درخواست خالی است.', en: 'The request body is empty.' },
  invalid_encoding: {
    fa: 'متن درخواست با UTF-8 درست رمزگذاری نشده است.',
    en: 'The request body is not valid UTF-8.',
  },
  forbidden: { fa: 'دسترسی مجاز نیست.', en: 'Access denied.' },
  unauthorized: {
    fa: 'شناسه دسترسی فرستاده نشده است: کارکنان ابتدا وارد شوند (Authorization: Bearer …) و دستگاه‌ها کلید API خود را در سرآیند x-api-key بفرستند.',
    en: 'No credentials were sent: staff sign in first (Authorization: Bearer …); agencies send their API key in the x-api-key header.',
  },
  invalid_credentials: {
    fa: 'نام کاربری یا گذرواژه درست نیست.',
    en: 'Wrong username or password.',
  },
  api_key_invalid: {
    fa: 'کلید API شناخته نیست یا باطل شده است.',
    en: 'The API key is unknown or has been revoked.',
  },
  internal_error: {
    fa: 'خطای داخلی رخ داد؛ درخواست شما ثبت نشد. لطفاً دوباره تلاش کنید.',
    en: 'An internal error occurred; please try again.',
  },
  request_not_found: {
    fa: 'درخواستی با این کد رهگیری و شماره همراه پیدا نشد.',
    en: 'No request matches this tracking code and mobile number.',
  },
  route_not_found: { fa: 'چنین نشانی‌ای در این سامانه نیست.', en: 'No such route.' },
  tracking_locked: {
    fa: 'برای این کد رهگیری چند بار شمارهٔ اشتباه وارد شده است؛ پیگیری آن تا نیم ساعت دیگر بسته است. اگر درخواست از شماست، با ۱۱۱ تماس بگیرید.',
    en: 'Too many wrong digits were tried for this tracking code; it is locked for up to half an hour. If the request is yours, call 111.',
  },
  too_many_requests: {
    fa: 'تعداد درخواست‌ها از حد مجاز گذشته است؛ کمی بعد دوباره تلاش کنید.',
    en: 'Too many requests; please try again shortly.',
  },
  validation_failed: { fa: 'اطلاعات ارسالی درست نیست.', en: 'The submitted data is not valid.' },
  illegal_transition: {
    fa: 'تغییر وضعیت از «{from}» به «{to}» مجاز نیست.',
    en: 'Changing status from {from} to {to} is not allowed.',
  },
  actor_not_allowed: {
    fa: 'این نقش اجازه تغییر وضعیت از «{from}» به «{to}» را ندارد.',
    en: 'This actor may not change status from {from} to {to}.',
  },
  write_conflict: {
    fa: 'این پرونده هم‌زمان تغییر کرده است؛ دوباره تلاش کنید.',
    en: 'The record was changed concurrently; please retry.',
  },
  not_found: { fa: 'پیدا نشد.', en: 'Not found.' },
  agency_not_for_category: {
    fa: 'این دستگاه به این موضوع رسیدگی نمی‌کند؛ اگر عمداً آن را برگزیده‌اید، otherAgency و دلیل را بفرستید.',
    en: 'This agency does not handle this category; to route it there anyway, send otherAgency with a note saying why.',
  },
  cluster_closed: {
    fa: 'رسیدگی به این گروه درخواست‌های مشابه پایان یافته است؛ درخواست را جداگانه ارجاع دهید.',
    en: 'That cluster is closed; refer the request on its own.',
  },
  already_in_cluster: {
    fa: 'این درخواست همین حالا در این گروه درخواست‌های مشابه است.',
    en: 'This request is already in that cluster.',
  },
  idempotency_key_reused: {
    fa: 'این کلید تکرارناپذیر قبلاً برای درخواست دیگری به کار رفته است.',
    en: 'This Idempotency-Key was already used for a different request.',
  },
  scan_type_not_allowed: {
    fa: 'فقط تصویر JPEG، PNG یا TIFF یا فایل PDF پذیرفته می‌شود.',
    en: 'Only JPEG, PNG or TIFF images or PDF files are accepted.',
  },
  scan_too_large: {
    fa: 'حجم فایل بیش از {maximum} مگابایت است.',
    en: 'The file is larger than {maximum} MB.',
  },
  scan_not_uploaded: {
    fa: 'این صفحه هنوز بارگذاری نشده است.',
    en: 'This page has not been uploaded yet.',
  },
  scan_size_mismatch: {
    fa: 'حجم فایل بارگذاری‌شده با حجم اعلام‌شده یکی نیست.',
    en: 'The uploaded file size differs from the declared size.',
  },
  scan_content_mismatch: {
    fa: 'محتوای فایل بارگذاری‌شده {type} نیست یا فایل خراب است.',
    en: 'The uploaded file is not {type}, or it is damaged.',
  },
  batch_submitted: {
    fa: 'این دسته نامه قبلاً ارسال شده است و تغییر نمی‌کند.',
    en: 'This letter batch was already submitted and cannot change.',
  },
  batch_empty: { fa: 'این دسته هیچ نامه‌ای ندارد.', en: 'This batch has no letters.' },
  batch_cancelled: {
    fa: 'این دسته نامه لغو شده است و تغییر نمی‌کند.',
    en: 'This letter batch was cancelled and cannot change.',
  },
  letter_removed: {
    fa: 'این نامه از دسته کنار گذاشته شده است.',
    en: 'This letter was taken out of the batch.',
  },
  visit_required: {
    fa: 'برای محل سفر، شناسه سفر و محل دریافت لازم است.',
    en: 'A visit-site batch or request needs its visit id and intake point.',
  },
  search_needs_a_key: {
    fa: 'جستجو باید با کد رهگیری، شماره همراه، کد ملی، وضعیت، «عقب‌افتاده» یا شهرستان همراه با دسته باشد.',
    en: 'Search by tracking code, mobile, national ID, status, overdue, or a county with a category.',
  },
  unknown_agency: { fa: 'چنین دستگاهی تعریف نشده است.', en: 'No such agency.' },
  unknown_category: { fa: 'چنین دسته‌ای تعریف نشده است.', en: 'No such category.' },
  invalid_last_four: {
    fa: 'چهار رقم آخر شماره همراه را وارد کنید.',
    en: 'Give the last four digits of the mobile number.',
  },
  feedback_not_allowed: {
    fa: 'نظرسنجی پس از اعلام نتیجه رسیدگی ممکن است.',
    en: 'Feedback is possible once the agency has reported a result.',
  },
  feedback_already_given: {
    fa: 'نظر شما درباره این درخواست قبلاً ثبت شده است.',
    en: 'Feedback on this request was already given.',
  },
  no_question_pending: {
    fa: 'دستگاه مسئول پرسشی درباره این درخواست ندارد که منتظر پاسخ آن باشد.',
    en: 'The agency is not waiting for an answer on this request.',
  },
  outside_county: {
    fa: 'حساب شما به شهرستان دیگری محدود است و به این مورد دسترسی ندارد.',
    en: 'Your account is limited to another county.',
  },
  task_claimed: {
    fa: 'این کار را همکار دیگری برداشته است.',
    en: 'Someone else has claimed this task.',
  },
  task_not_held: {
    fa: 'این کار در دست شما نیست؛ ابتدا آن را بردارید.',
    en: 'You do not hold this task: claim it first.',
  },
  repair_through_ops: {
    fa: 'گردش کار ناموفق با ابزار عملیات (ops failed --redrive) دوباره اجرا می‌شود.',
    en: 'A failed workflow is repaired with the ops tool (ops failed --redrive).',
  },
  mobile_or_national_id_required: {
    fa: 'شماره همراه یا کد ملی را وارد کنید.',
    en: 'Give a mobile number or a national ID.',
  },
  citizen_has_open_requests: {
    fa: 'این شهروند درخواست باز دارد؛ اگر تماس درباره همان است آن را به درخواست باز بیفزایید، وگرنه «موضوع جدید» را بزنید.',
    en: 'This citizen has open requests: add this call to one of them, or confirm it is a new matter (newMatter: true).',
  },
  request_closed: {
    fa: 'این درخواست بسته شده است؛ برای موضوع تازه درخواست جدید ثبت کنید.',
    en: 'This request is closed; register a new request for a new matter.',
  },
} as const satisfies Record<string, BilingualText>;

export type MessageKey = keyof typeof MESSAGES;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key);
}

export function message(key: MessageKey, params: Record<string, string | number> = {}): BilingualText {
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
  const text = MESSAGES[key];
  return { fa: fill(text.fa), en: fill(text.en) };
}
