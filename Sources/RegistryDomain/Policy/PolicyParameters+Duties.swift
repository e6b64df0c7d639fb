/// The parameters of the duties of issue 12's second half (apprentices' wages, certification
/// targets, teachers). Define each as a static member of `PolicyParameter` for its value type, as
/// in `PolicyParameters.swift`, and list its descriptor here; it is unset until a profile states it.
extension PolicyParameters {
    /// The duties' parameters, after SPEC's in `policy show` order.
    static let duties: [ParameterDescriptor] = [
    ]
}
