// One boot for every worker thread, the host's and the offline queue's (which does not depend on the host).
export { workerBoot } from '../../common/worker-boot.js';
