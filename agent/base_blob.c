// SPDX-License-Identifier: Apache-2.0
/*
 * The base object (bpf-templates/tpc_base.bpf.c), compiled by clang at
 * build time and carried inside tpc-agent, which needs no compiler and no
 * file besides itself and the policy objects. The Makefile passes its path.
 */
#ifndef TPC_BASE_OBJ
#error "TPC_BASE_OBJ (the path of the compiled base object) is not defined"
#endif

__asm__(".section .rodata\n"
	".global tpc_base_obj\n"
	".type tpc_base_obj, @object\n"
	".balign 8\n"
	"tpc_base_obj:\n"
	".incbin \"" TPC_BASE_OBJ "\"\n"
	".global tpc_base_obj_end\n"
	"tpc_base_obj_end:\n"
	".previous\n");
