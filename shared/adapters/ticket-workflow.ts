import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { WorkflowInput } from '../../events/contracts.ts';

/** Starts the ticket workflow. */
export interface WorkflowStarter {
  /** Starts the ticket's execution; a second start for the same ticket is a no-op. */
  start(input: WorkflowInput): Promise<{ started: boolean }>;
}

/** Completes tasks the workflow is paused on. Needs no state machine ARN, only the token. */
export interface TaskTokens {
  /**
   * Completes a paused task. Returns false if the token is no longer waiting (already completed
   * or timed out): the caller's state change stands and the workflow learns of it on its own.
   */
  resume(taskToken: string, output: object): Promise<boolean>;
  fail(taskToken: string, error: string, cause: string): Promise<boolean>;
}

export class StepFunctionsWorkflowStarter implements WorkflowStarter {
  private readonly client: SFNClient;
  private readonly stateMachineArn: string;

  constructor(client: SFNClient, stateMachineArn: string) {
    this.client = client;
    this.stateMachineArn = stateMachineArn;
  }

  async start(input: WorkflowInput): Promise<{ started: boolean }> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          // The ticket id names the execution: a redelivered message cannot start a second one.
          name: input.ticketId,
          input: JSON.stringify(input),
        }),
      );
      return { started: true };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return { started: false };
      throw error;
    }
  }
}

export class StepFunctionsTaskTokens implements TaskTokens {
  private readonly client: SFNClient;

  constructor(client: SFNClient) {
    this.client = client;
  }

  resume(taskToken: string, output: object): Promise<boolean> {
    return this.complete(() =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
    );
  }

  fail(taskToken: string, error: string, cause: string): Promise<boolean> {
    return this.complete(() => this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  private async complete(send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      if (error instanceof TaskDoesNotExist || error instanceof TaskTimedOut || error instanceof InvalidToken)
        return false;
      throw error;
    }
  }
}
