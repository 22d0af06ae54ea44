import fs from 'node:fs';
import path from 'node:path';
import { contractDiff } from './contractDiff';

const root = path.resolve(__dirname, '../..');

/**
 * What the composed API (api.graphql, written by `npm run build`) does not yet serve of the
 * contract (docs/contract/API.graphql, a copy of the apps' contract). Each entry names the issue
 * that brings it; an entry that is served now fails this test so the list only shrinks.
 */
const PENDING: string[] = [
  // issue 14: care documents and adherence insights
  'field CareRecipient.documents is missing',
  'field Query.adherence is missing',
  'field Mutation.requestDocumentUpload is missing',
  'field Mutation.deleteDocument is missing',
  'type Document is missing',
  'type RequestDocumentUploadInput is missing',
  'type DocumentUpload is missing',
  'type AdherenceCounts is missing',
  'type Float is missing',
  'type AdherenceDay is missing',
  'type AdherenceReport is missing',
];

describe('the public API contract', () => {
  const contract = fs.readFileSync(path.join(root, 'docs/contract/API.graphql'), 'utf8');
  const served = fs.readFileSync(path.join(root, 'api.graphql'), 'utf8');
  const problems = contractDiff(contract, served);

  it('serves every type, field, argument and enum value of the contract with the same nullability', () => {
    expect(problems.filter((p) => !PENDING.includes(p))).toEqual([]);
  });

  it('lists as pending only what is really still missing', () => {
    expect(PENDING.filter((p) => !problems.includes(p))).toEqual([]);
  });
});
