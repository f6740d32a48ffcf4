import { KioskError } from '../../../contracts/errors.js';
import { demoFaceSeed, idPhoto } from '../../sim/face-synth/scenes.js';
import { identityFromSeed } from '../../sim/face-synth/synth-face.js';
import { DEMO_CARDS } from '../../sim/demo-cards.js';
import { toBmp, type PhotoDecoder } from '../photo/photo-decoder.js';
import { fakeWltBlock } from './fake-wlt.js';

/**
 * The simulated WLT decoder for the demo cards: the simulator's photo blocks are not
 * WLT (fake-wlt.ts), so this recognises which demo card a block belongs to and answers with that
 * card holder's synthetic face (drivers/sim/face-synth), as a vendor decoder answers with the photo.
 * Any other block is refused: it is not a demo card, and only the vendor's library can decode it.
 */
export function demoPhotoDecoder(): PhotoDecoder {
  const blocks = DEMO_CARDS.map((c) => ({ key: c.key, wlt: Buffer.from(fakeWltBlock(c.key)) }));
  return {
    source: 'sim (demo cards)',
    async decode(wlt) {
      const hit = blocks.find((b) => b.wlt.equals(Buffer.from(wlt)));
      if (!hit) throw new KioskError('device-error', 'simulated photo decoder: not a demo card photo (a real card needs the vendor decoder, identity.photoDecoder)', false);
      const img = idPhoto(identityFromSeed(demoFaceSeed(hit.key)));
      // Vendor libraries answer with bottom-up BGR rows (photo-decoder.ts): do the same.
      const raw = new Uint8Array(img.width * img.height * 3);
      for (let y = 0; y < img.height; y++) {
        for (let x = 0; x < img.width; x++) {
          const s = (y * img.width + x) * 3;
          const d = ((img.height - 1 - y) * img.width + x) * 3;
          raw[d] = img.rgb[s + 2]!;
          raw[d + 1] = img.rgb[s + 1]!;
          raw[d + 2] = img.rgb[s]!;
        }
      }
      return toBmp(raw);
    },
  };
}
