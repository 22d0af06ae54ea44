import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './Migration0001Initial';

/** The notifications schema's migrations, in order. Append; never edit one that has shipped. */
export const notificationsMigrations: MigrationObject[] = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
];
