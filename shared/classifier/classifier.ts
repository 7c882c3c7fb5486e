/** What the classifier says about one request. */
export interface Classification {
  category: string;
  /** Calibrated probability that `category` is right, 0..1. */
  confidence: number;
  urgent: boolean;
}

export interface Classifier {
  classify(text: string): Classification;
}

/** The category for requests with no clear agency; low confidence sends them to a reviewer. */
export const FALLBACK_CATEGORY = 'GENERAL';
