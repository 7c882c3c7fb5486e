import type { TaskClaim } from '../domain/tasks.ts';

/** Who works on a task: one holder at a time, for a lease that lapses. */
export interface TaskClaims {
  /** Claims (or renews) the task for `staff`; null when someone else holds an unexpired lease. */
  claim(taskId: string, staff: string, now: Date, leaseMs: number): Promise<TaskClaim | null>;
  /** Gives the task back; false when `staff` does not hold it. */
  release(taskId: string, staff: string): Promise<boolean>;
  get(taskIds: readonly string[]): Promise<Map<string, TaskClaim>>;
}
