package io.yalas.shipper.enrich;

import io.yalas.schemas.ProcessRef;
import io.yalas.shipper.decode.KernelRecord;

import java.util.List;

/**
 * A kernel record with what the tables know about it.
 *
 * @param object      what the call touched: a path, a socket peer, "fd:N" when unknown, or null
 * @param exe         executable of the process, when known
 * @param argv        the process's argv for exec events, else null
 * @param containerId container id, null on the host
 * @param ancestry    parent chain for process and security events, else null
 * @param security    never coalesced (exec, privilege, ptrace, module, system path write, new peer...)
 */
public record Enriched(KernelRecord r, String object, String exe, List<String> argv, String containerId,
                       List<ProcessRef> ancestry, boolean security) {
}
