/**
 * Which sample event (events/samples) each function receives. `npm run invoke` and the tests
 * use this map; every function entry in the CDK app must appear here.
 */
export const SAMPLE_EVENTS: Readonly<Record<string, string>> = {
  'functions/http/submit-request.ts': 'api-submit-request.json',
  'functions/http/track-request.ts': 'api-track-request.json',
  'functions/http/agency-list-referrals.ts': 'api-agency-list-referrals.json',
  'functions/http/agency-acknowledge.ts': 'api-agency-acknowledge.json',
  'functions/http/agency-respond.ts': 'api-agency-respond.json',
  'functions/http/staff-get-ticket.ts': 'api-staff-get-ticket.json',
  'functions/http/staff-classify-ticket.ts': 'api-staff-classify-ticket.json',
  'functions/http/staff-transcribe-ticket.ts': 'api-staff-transcribe-ticket.json',
  'functions/http/staff-cluster-members.ts': 'api-staff-cluster-members.json',
  'functions/http/staff-letter-batches.ts': 'api-staff-letter-batches.json',
  'functions/http/staff-operator-intake.ts': 'api-staff-operator-intake.json',
  'functions/http/staff-search-tickets.ts': 'api-staff-search-tickets.json',
  'functions/http/staff-case-notes.ts': 'api-staff-case-notes.json',
  'functions/http/operations.ts': 'api-operations.json',
  'functions/auth/agency-authorizer.ts': 'authorizer-request.json',
  'functions/queue/start-workflow.ts': 'sqs-intake.json',
  'functions/queue/digitize-letter.ts': 'sqs-ocr.json',
  'functions/scheduled/reconcile-intake.ts': 'scheduled-event.json',
  'functions/workflow/classify.ts': 'workflow-classify.json',
  'functions/workflow/refer.ts': 'workflow-refer.json',
  'functions/workflow/await-agency.ts': 'workflow-await-agency.json',
  'functions/workflow/escalate.ts': 'workflow-escalate.json',
  'functions/workflow/await-review.ts': 'workflow-await-review.json',
  'functions/events/redrive-failed-workflow.ts': 'execution-failed.json',
  'functions/workflow/await-transcription.ts': 'workflow-await-transcription.json',
  'functions/deploy/seed-reference-data.ts': 'cloudformation-create.json',
};
