/** A human classification kept for training: the masked text and the label a reviewer chose. */
export interface LabelledExample {
  ticketId: string;
  text: string;
  category: string;
  urgent: boolean;
  /** The category the ticket had before the reviewer decided (the classifier's, or a referral's). */
  previousCategory?: string | null;
  source: 'review' | 'reroute';
  by: string;
  at: string;
}

export interface LabelStore {
  add(example: LabelledExample): Promise<void>;
  /** Examples labelled in [from, to), oldest first. */
  list(from: Date, to: Date): Promise<LabelledExample[]>;
}
