import { useCallback, useEffect, useRef, useState, type MutableRefObject, type RefObject } from 'react';
import type { CapturedPage, RetakeReason } from '../../../../../contracts/materials.js';
import type { StepOf } from '../../../../../contracts/service-definition.js';
import { grabFrame, openCamera, stopStream, type CameraFailure } from '../../../devices/camera.js';
import type { HostClient } from '../../../host/client.js';
import { useHost } from '../../../host/host-context.js';
import { base64Parts, grabFullFrame, isSteady, outlineDistance, type Pt } from './capture-frames.js';

/** Preview frames for the live outline, at most this often. */
const PREVIEW_EVERY_MS = 300;

export type Phase = { k: 'opening' } | { k: 'live' } | { k: 'capturing' } | { k: 'no-camera'; reason: CameraFailure } | { k: 'error'; error: unknown };
type Scope = { serviceId: string; stepId: string };

/**
 * The capture step's state: the camera, the live outline, the pages the host holds and why the
 * last one must be retaken; capturing a page (automatically when it lies still, or on a tap) and
 * removing one.
 */
export function useCaptureDocuments(ref: Scope, step: StepOf<'capture-documents'>, onBusy: (busy: boolean) => void) {
  const host = useHost();
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [phase, setPhase] = useState<Phase>({ k: 'opening' });
  const [pages, setPages] = useState<CapturedPage[]>([]);
  const [retake, setRetake] = useState<RetakeReason | null>(null);
  const history = useRef<(Pt[] | null)[]>([]);
  /** The outline of the last capture: the next automatic one waits until the page is turned or moved. */
  const lastCaptured = useRef<Pt[] | null>(null);
  const capturing = useRef(false);

  const taken = new Set(pages.map((p) => p.page));
  const current = Array.from({ length: step.maxPages }, (_, i) => i).find((i) => !taken.has(i)) ?? null;

  useOpenCamera(host, ref, videoRef, setPages, setPhase);

  const capture = useCallback(async () => {
    if (capturing.current || current === null) return;
    const video = videoRef.current;
    const canvas = canvasRef.current;
    if (!video || !canvas) return;
    capturing.current = true;
    setPhase({ k: 'capturing' });
    setRetake(null);
    onBusy(true);
    try {
      const jpeg = await grabFullFrame(video, canvas);
      if (!jpeg) return;
      const parts = base64Parts(jpeg);
      jpeg.fill(0);
      const captureId = `${Date.now().toString(36)}-${current}`;
      for (let part = 0; part < parts.length; part++) {
        const r = await host.call('materials.capture', { ...ref, page: current, captureId, part, parts: parts.length, dataBase64: parts[part]!, mode: step.mode });
        if (r.state === 'accepted') {
          lastCaptured.current = history.current.at(-1) ?? null;
          setPages((ps) => [...ps.filter((p) => p.page !== r.page.page), r.page].sort((a, b) => a.page - b.page));
        } else if (r.state === 'retake') setRetake(r.reason);
      }
      setPhase({ k: 'live' });
    } catch (error) {
      setPhase({ k: 'error', error });
    } finally {
      history.current = [];
      capturing.current = false;
      onBusy(false);
    }
  }, [current, step.mode]);

  const { outline, outlineProblem } = useLiveOutline({ host, ref, videoRef, live: phase.k === 'live', current, capture, history, lastCaptured });

  const remove = (page: number) => {
    setRetake(null);
    lastCaptured.current = null;
    host.call('materials.remove', { ...ref, page }).then((r) => setPages(r.pages), (error: unknown) => setPhase({ k: 'error', error }));
  };

  return { videoRef, canvasRef, phase, outline, pages, retake, outlineProblem, current, capture, remove };
}

/** The camera the host names for materials, opened once; the pages already held are listed. The camera is off when the step closes. */
function useOpenCamera(host: HostClient, ref: Scope, videoRef: RefObject<HTMLVideoElement | null>, setPages: (p: CapturedPage[]) => void, setPhase: (p: Phase) => void) {
  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    void (async () => {
      try {
        const [{ camera }, list] = await Promise.all([host.call('materials.camera', {}), host.call('materials.list', ref)]);
        if (stopped) return;
        setPages(list.pages);
        const open = await openCamera(camera);
        if (stopped) return stopStream(open.ok ? open.stream : null);
        if (!open.ok) return setPhase({ k: 'no-camera', reason: open.reason });
        stream = open.stream;
        const v = videoRef.current!;
        v.srcObject = stream;
        await v.play().catch(() => undefined);
        setPhase({ k: 'live' });
      } catch (error) {
        if (!stopped) setPhase({ k: 'error', error });
      }
    })();
    return () => {
      stopped = true;
      stopStream(stream);
      if (videoRef.current) videoRef.current.srcObject = null;
    };
    // Runs once: the step's identity does not change while it is on screen.
  }, []);
}

interface OutlineInput {
  host: HostClient;
  ref: Scope;
  videoRef: RefObject<HTMLVideoElement | null>;
  live: boolean;
  current: number | null;
  capture(): Promise<void>;
  history: MutableRefObject<(Pt[] | null)[]>;
  lastCaptured: MutableRefObject<Pt[] | null>;
}

/** The live outline: a small frame to the host every PREVIEW_EVERY_MS; a steady page is captured. */
function useLiveOutline({ host, ref, videoRef, live, current, capture, history, lastCaptured }: OutlineInput) {
  const [outline, setOutline] = useState<Pt[] | null>(null);
  const [outlineProblem, setOutlineProblem] = useState(false);
  useEffect(() => {
    if (!live || current === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const probe = document.createElement('canvas');
    const tick = async () => {
      if (stopped) return;
      try {
        const frame = videoRef.current ? await grabFrame(videoRef.current, probe) : null;
        if (frame && !stopped) {
          const { corners } = await host.call('materials.detect', { ...ref, jpegBase64: frame.jpegBase64 });
          if (stopped) return;
          setOutline(corners);
          history.current = [...history.current.slice(-5), corners];
          const moved = !lastCaptured.current || (corners !== null && outlineDistance(corners, lastCaptured.current) > 0.05);
          if (corners === null) lastCaptured.current = null;
          if (moved && isSteady(history.current)) {
            void capture();
            return;
          }
        }
        setOutlineProblem(false);
      } catch (e) {
        // A busy host only skips one outline. Anything else is said on screen: the tap still captures.
        if ((e as { code?: string } | null)?.code !== 'busy') {
          setOutline(null);
          setOutlineProblem(true);
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), PREVIEW_EVERY_MS);
    };
    timer = setTimeout(() => void tick(), PREVIEW_EVERY_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [live, current, capture]);
  return { outline, outlineProblem };
}
