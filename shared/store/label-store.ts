/** A human classification kept for training: the masked text and the label a reviewer chose. */
export interface LabelledExample {
  ticketId: string;
  text: string;
  category: string;
  urgent: boolean;
  source: 'review' | 'reroute';
  by: string;
  at: string;
}

export interface LabelStore {
  add(example: LabelledExample): Promise<void>;
  /** Examples labelled in [from, to), oldest first. */
  list(from: Date, to: Date): Promise<LabelledExample[]>;
}
