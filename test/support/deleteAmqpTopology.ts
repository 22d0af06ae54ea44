import { deleteTopology, type TopologySpec } from '@caregraph/shared';

/** Deletes every queue and exchange in `specs` (test clean-up), ignoring ones already gone. */
export function deleteAmqpTopology(url: string, specs: TopologySpec[]): Promise<void> {
  return deleteTopology(url, specs);
}
