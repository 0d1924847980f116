import { describeRecordStreamsContract } from './record-streams.contract';
import { MemoryRecordStreams } from './record-streams';

const shared = new MemoryRecordStreams();
describeRecordStreamsContract('memory', async () => shared);
