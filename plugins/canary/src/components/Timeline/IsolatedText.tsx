import { Fragment } from 'react';
import type { TimelineText } from './describeTimelineItem';

/** Props of {@link IsolatedText}. */
export type IsolatedTextProps = {
  text: TimelineText;
};

/**
 * Text of the product with the parts others wrote (a reason, an actor, a message from a cluster)
 * each in its own `<bdi>`: whatever direction characters such a part holds (a right-to-left
 * override of a reason recorded before reasons were checked), they stay inside it and the text
 * around it reads as written.
 */
export const IsolatedText = ({ text }: IsolatedTextProps) => (
  <>
    {text.map((part, index) =>
      typeof part === 'string' ? (
        <Fragment key={index}>{part}</Fragment>
      ) : (
        <bdi key={index}>{part.user}</bdi>
      ),
    )}
  </>
);
