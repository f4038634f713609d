#pragma once
// The engine redefines a few C functions of libsofia-sip-ua (engine/sip's
// bye_guard.cpp and tls_release.cpp, engine/edge's datagram_gate.cpp, as
// libs/loop does su_duration, decision 0004): the executable's definition
// comes first in symbol lookup and libsofia calls its own exported functions
// through its PLT, so sofia reaches ours. Ours then calls sofia's own, the
// next definition in the loader's search order. These functions are the one
// place that asks the loader.
//
// RTLD_NEXT means "after the object whose code calls dlsym": this file must
// stay in the executable as its callers are (ctib_base is a static library,
// as every ctib_library), or "next" would start after the wrong object.
//
// Threading: any; the loader's answers cannot change while the library is
// loaded, so callers resolve once and keep the pointer.

namespace ctib::base {

// The definition of the C function `name` that follows the executable's
// own (libsofia's, when the executable redefines one of its functions), or
// nullptr when there is none.
void* next_definition(const char* name) noexcept;

template <class Fn>
Fn next_definition(const char* name) noexcept {
  return reinterpret_cast<Fn>(next_definition(name));
}

// Whether the process resolves `name` to `ours`: false when the executable
// does not export it, or with a static or -Bsymbolic library whose own calls
// never reach the executable's definition.
bool resolves_to(const char* name, const void* ours) noexcept;

// resolves_to(name, ours) and a next definition exists to forward to.
bool interposes(const char* name, const void* ours) noexcept;

// Whether two code addresses lie in the same loaded object (the same
// executable or shared library): tells an interposed function which library
// called it, from its return address.
bool same_object(const void* a, const void* b) noexcept;

}  // namespace ctib::base
