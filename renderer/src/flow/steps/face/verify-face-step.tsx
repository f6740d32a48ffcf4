import type { StepProps } from '../../step-props.js';
import { useVerifyFace } from './use-verify-face.js';
import { VerifyFaceView } from './verify-face-view.js';

/**
 * 人证核验: the live face against the ID card's photo, decided on the host. The camera
 * is on only while a try runs; frames go to the host one at a time at most `maxFps` a second; the
 * host's guidance is shown large and spoken when it changes. Without a camera, decoder or photo a
 * required step offers a queue ticket for a staffed window, an optional one is skipped (recorded by
 * the host). After the last failed try: the staffed window.
 */
export function VerifyFaceStep(props: StepProps<'verify-face'>) {
  const s = useVerifyFace(props);
  return <VerifyFaceView s={s} props={props} />;
}
