import { useRunDirectory } from './temporary-directory';

export default useRunDirectory;
