import { randomUUID } from 'node:crypto';
import { recordEvent, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/core';
import { CARE_SOURCE } from '../common/CareContext';
import { TimelineEntry } from './TimelineEntry.entity';

export interface TimelineEntryInput {
  careRecipientId: string;
  careCircleId: string;
  /** The event type of the action, e.g. `medication.logged`. */
  kind: string;
  text: string;
  authorId: string;
}

/**
 * Writes a timeline entry and records `timeline.entry.created`. Only persisted, not flushed:
 * call it inside the transaction of the action it describes, so both commit or neither does.
 */
export function recordTimelineEntry(em: EntityManager, input: TimelineEntryInput, context: EventContext): TimelineEntry {
  const entry = em.create(TimelineEntry, { id: randomUUID(), ...input });
  recordEvent(
    em,
    CARE_SOURCE,
    {
      type: 'timeline.entry.created',
      aggregateType: 'TimelineEntry',
      aggregateId: entry.id,
      careCircleId: input.careCircleId,
      data: {
        entryId: entry.id,
        careRecipientId: input.careRecipientId,
        careCircleId: input.careCircleId,
        kind: input.kind,
        text: input.text,
        authorId: input.authorId,
        createdAt: entry.createdAt.toISOString(),
      },
    },
    context,
  );
  return entry;
}
