import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { cloudServices } from './cloud-store.ts';
import { closeViewers, fetchAs } from './viewers.ts';

/** Where personal data must never be, with the text found there. */
interface Place {
  name: string;
  text: string;
}

/** A citizen's identifying details as stored, each long enough not to match by chance. */
function identifiersOf(ticket: Ticket): string[] {
  const { mobile, nationalId } = ticket.citizen;
  return [mobile, nationalId, ticket.address].filter(
    (value): value is string => typeof value === 'string' && value.length >= 10,
  );
}

/**
 * After the cloud tests: every mobile number, national ID and address the tests submitted (read
 * back from the table) is searched for in the functions' log output, in every workflow execution's
 * input and history, and in the public tracking answer of every ticket. Returns where each was
 * found, by ticket id and place, never the data itself.
 */
export async function privacySweep(cloud: {
  url: string;
  dataDir: string;
}): Promise<{ found: string[]; searched: string }> {
  const services = cloudServices(cloud.dataDir);
  const tickets: Ticket[] = [];
  for await (const page of paginateScan(
    { client: services.client },
    {
      TableName: services.tableName,
      FilterExpression: 'entity = :ticket',
      ExpressionAttributeValues: { ':ticket': 'TICKET' },
    },
  ))
    tickets.push(...((page.Items ?? []) as Ticket[]));
  services.close();

  const places: Place[] = [];
  const log = join(cloud.dataDir, 'cloud-output.log');
  if (existsSync(log)) places.push({ name: 'function logs', text: readFileSync(log, 'utf8') });
  const executions = join(cloud.dataDir, 'stepfunctions');
  if (existsSync(executions))
    for (const file of readdirSync(executions).filter((f) => f.endsWith('.json')))
      places.push({ name: `execution ${file}`, text: readFileSync(join(executions, file), 'utf8') });

  const found: string[] = [];
  for (const ticket of tickets)
    for (const identifier of identifiersOf(ticket))
      for (const place of places)
        if (place.text.includes(identifier)) found.push(`${ticket.ticketId} in ${place.name}`);

  // The public answer for each ticket, asked as its citizen would (tracking code and last digits),
  // from many viewers so the lookup limit per viewer is not what is measured.
  let next = 0;
  let answers = 0;
  const worker = async (viewer: number) => {
    const ask = fetchAs(1000 + viewer);
    while (next < tickets.length) {
      const ticket = tickets[next++] as Ticket;
      if (!ticket.trackingCode || !ticket.citizen.mobile) continue;
      const response = await ask(
        `${cloud.url}/api/v1/requests/${ticket.trackingCode}?mobile=${ticket.citizen.mobile.slice(-4)}`,
      );
      const text = await response.text();
      if (response.status === 200) answers++;
      const names = [ticket.citizen.firstName, ticket.citizen.lastName].filter(Boolean).join(' ');
      for (const identifier of [...identifiersOf(ticket), ...(names.length > 5 ? [names] : [])])
        if (text.includes(identifier)) found.push(`${ticket.ticketId} in its public tracking answer`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, i) => worker(i)));
  await closeViewers();
  const identifiers = tickets.reduce((n, t) => n + identifiersOf(t).length, 0);
  const logBytes = places.find((p) => p.name === 'function logs')?.text.length ?? 0;
  const searched = `${identifiers} identifiers of ${tickets.length} tickets in ${logBytes} bytes of function logs, ${places.length - 1} executions and ${answers} public answers`;
  // A sweep that had nothing to search proves nothing.
  if (!identifiers || !logBytes || places.length < 2 || !answers)
    found.push(`nothing to search: ${searched}`);
  return { found, searched };
}
