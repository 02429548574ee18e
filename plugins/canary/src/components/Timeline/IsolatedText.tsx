import { Fragment } from 'react';
import type { TimelineText } from './describeTimelineItem';
import { ActorName } from './ActorName';

/** Props of {@link IsolatedText}. */
export type IsolatedTextProps = {
  text: TimelineText;
};

/**
 * Text of the product with the parts others wrote (a reason, an actor, a message from a cluster)
 * each in its own `<bdi>`: whatever direction characters such a part holds (a right-to-left
 * override of a reason recorded before reasons were checked), they stay inside it and the text
 * around it reads as written. An actor shows by its display name, its ref as the element's title.
 */
export const IsolatedText = ({ text }: IsolatedTextProps) => (
  <>
    {text.map((part, index) => {
      if (typeof part === 'string') {
        return <Fragment key={index}>{part}</Fragment>;
      }
      if ('actor' in part) {
        return (
          <bdi key={index} title={part.actor}>
            <ActorName actor={part.actor} />
          </bdi>
        );
      }
      return <bdi key={index}>{part.user}</bdi>;
    })}
  </>
);
