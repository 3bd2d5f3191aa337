import { describe, expect, it } from 'vitest';
import { mapCsv } from './csv.js';
import { CSV_MAPPINGS, outcomeOfStage, type CsvCrm } from './mappings.js';
import { parseAmount, parseCrmDate } from './rows.js';

/** One export per CRM, headers as the CRM writes them, and the row each must become. */
const EXPORTS: { crm: CsvCrm; csv: string; expected: Record<string, unknown> }[] = [
  {
    crm: 'hubspot',
    csv: 'Record ID,Deal Stage,Amount,Close Date,Associated Contact\n7,closedwon,"1,200",2026-05-01 10:00,Ann (ann@acme.io)',
    expected: { crm: 'hubspot', crmId: '7', outcome: 'won', amount: 1200, date: '2026-05-01 10:00', email: 'ann@acme.io' },
  },
  {
    crm: 'salesforce',
    csv: 'Opportunity ID,Stage,Amount,Close Date,Contact: Email,Opportunity Currency\n006A,Closed Lost,$300,5/2/2026,bob@acme.io,EUR',
    expected: { crm: 'salesforce', crmId: '006A', outcome: 'lost', amount: 300, date: '5/2/2026', email: 'bob@acme.io', currency: 'EUR' },
  },
  {
    crm: 'salesforce',
    csv: 'Stage,Close Date,Email\nProposal/Price Quote,5/3/2026,cat@globex.com',
    expected: { crm: 'salesforce', outcome: 'opportunity', date: '5/3/2026', email: 'cat@globex.com' },
  },
  {
    crm: 'pipedrive',
    csv: 'Deal - ID,Deal - Status,Deal - Value,Deal - Currency,Deal - Won time,Deal - Lost time,Person - Email\n9,won,500,USD,2026-05-04 08:00:00,,dan@acme.io',
    expected: {
      crm: 'pipedrive',
      crmId: '9',
      outcome: 'won',
      amount: 500,
      currency: 'USD',
      date: '2026-05-04 08:00:00',
      email: 'dan@acme.io',
    },
  },
  {
    crm: 'pipedrive',
    csv: 'Deal - Status,Deal - Won time,Deal - Lost time,Person - Email\nlost,,2026-05-05 09:00:00,eve@acme.io',
    expected: { crm: 'pipedrive', outcome: 'lost', date: '2026-05-05 09:00:00', email: 'eve@acme.io' },
  },
  {
    crm: 'generic',
    csv: 'email,crm_id,outcome,date,amount,currency\nfay@acme.io,C-1,disqualified,2026-05-06,,',
    expected: { crm: 'generic', crmId: 'C-1', outcome: 'disqualified', date: '2026-05-06', email: 'fay@acme.io' },
  },
];

describe('CRM export mappings', () => {
  it.each(EXPORTS)('$crm: maps the standard columns', ({ crm, csv, expected }) => {
    expect(mapCsv(crm, csv)).toEqual([{ row: 1, input: expected }]);
  });

  it.each([
    ['hubspot', 'Closed Won', 'won'],
    ['hubspot', 'closedlost', 'lost'],
    ['hubspot', 'Qualified To Buy', 'opportunity'],
    ['hubspot', 'Unqualified', 'disqualified'],
    ['salesforce', 'Closed Won', 'won'],
    ['salesforce', 'Negotiation/Review', 'opportunity'],
    ['pipedrive', 'open', 'opportunity'],
    ['pipedrive', 'deleted', null],
    ['generic', 'won', 'won'],
    ['generic', 'closed', null],
  ] as const)('%s stage "%s" → %s', (crm, stage, outcome) => {
    expect(outcomeOfStage(CSV_MAPPINGS[crm], stage)).toBe(outcome);
  });

  it('reports a row it cannot map by number, with the reason', () => {
    const csv = 'Deal - Status,Deal - Won time,Person - Email\nwon,,a@acme.io\ndeleted,2026-01-01,b@acme.io\nwon,2026-01-01,c@acme.io';
    expect(mapCsv('pipedrive', csv)).toEqual([
      { row: 1, reason: 'no Deal - Won time / Deal - Close date value for a won row' },
      { row: 2, reason: 'stage "deleted" is not one pipedrive mapping knows' },
      { row: 3, input: { crm: 'pipedrive', outcome: 'won', date: '2026-01-01', email: 'c@acme.io' } },
    ]);
  });
});

describe('CRM cells', () => {
  it.each([
    ['2026-03-15', Date.UTC(2026, 2, 15)],
    ['2026-03-15 14:02', Date.UTC(2026, 2, 15, 14, 2)],
    ['2026-03-15T14:02:05.120Z', Date.UTC(2026, 2, 15, 14, 2, 5)],
    ['2026-03-15T14:02:05+02:00', Date.UTC(2026, 2, 15, 12, 2, 5)],
    ['3/15/2026', Date.UTC(2026, 2, 15)],
    ['3/15/2026, 2:02 PM', Date.UTC(2026, 2, 15, 14, 2)],
    ['12/1/2026 12:30 AM', Date.UTC(2026, 11, 1, 0, 30)],
    ['2026-02-30', null],
    ['15/3/2026', null],
    ['next week', null],
  ])('date %s', (input, expected) => {
    expect(parseCrmDate(input)).toBe(expected);
  });

  it.each([
    ['12000', 12000],
    ['12,000.50', 12000.5],
    ['$12,000', 12000],
    ['EUR 99.9', 99.9],
    ['-5', null],
    ['twelve', null],
  ])('amount %s', (input, expected) => {
    expect(parseAmount(input)).toBe(expected);
  });
});
